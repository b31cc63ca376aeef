/** Parley's page side: settings, the host/frame protocol, the frame UI ({@code frame}) and the host facade ({@code embed}). */
package im.parley.web;
