/**
 * User Avatar (XEP-0084): contacts' avatars published over PEP, as Conversations, Dino and Gajim do. Parley asks for
 * the metadata notifications ({@code +notify} in its caps), fetches the data item a notification names, and checks
 * it like a vCard avatar (raster type, size, SHA-1 equal to the item's id).
 */
package im.parley.useravatar;
