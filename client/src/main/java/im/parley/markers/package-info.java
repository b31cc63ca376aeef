/**
 * Chat markers (XEP-0333): {@link im.parley.markers.Markers} (elements) and {@link im.parley.markers.MarkersManager}
 * (which incoming messages may be marked, and markers from contacts on the user's messages).
 */
package im.parley.markers;
