/**
 * XEP-0386 Bind 2: binding a resource (and enabling features such as carbons) inside the SASL2 authentication
 * ({@link im.parley.bind2.Bind2}), so that a login is one exchange instead of auth, restart, bind, enable.
 */
package im.parley.bind2;
