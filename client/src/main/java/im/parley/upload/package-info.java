/**
 * HTTP File Upload (XEP-0363): finding the upload service, asking it for a slot, and the PUT through a platform
 * {@link im.parley.upload.Uploader} (XMLHttpRequest in the worker, java.net.http on the JVM). The file is then sent
 * as a link with an out-of-band element (XEP-0066), as Converse and Conversations do.
 */
package im.parley.upload;
