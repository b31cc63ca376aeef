/** The client core: composes the connection and the features for one account, platform-free. */
package im.parley.core;
