/**
 * The UI's languages: message catalogs keyed by the English text, English and German complete. Plain Java, so
 * that the catalogs' completeness is checked on the JVM.
 */
package im.parley.web.i18n;
