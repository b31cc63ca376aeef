/**
 * vCard-temp avatars (XEP-0054, XEP-0153): {@link im.parley.vcard.Avatar} (the image and its checks) and
 * {@link im.parley.vcard.AvatarManager} (fetching contacts' avatars when their presence announces a new one, and
 * publishing the user's), and {@link im.parley.vcard.Profile} (the profile fields the user edits and contacts show).
 */
package im.parley.vcard;
