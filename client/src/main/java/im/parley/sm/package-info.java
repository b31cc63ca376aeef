/** XEP-0198 Stream Management: elements ({@link im.parley.sm.Sm}) and the per-account state ({@link im.parley.sm.StreamManagement}). */
package im.parley.sm;
