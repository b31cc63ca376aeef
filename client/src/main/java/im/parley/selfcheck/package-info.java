/**
 * A separate worker entry point for the browser tests and benchmarks of the XML parser in both TeaVM builds.
 * Compiled to {@code client/target/selfcheck/}; never copied into the dist.
 */
package im.parley.selfcheck;
