/** XEP-0077 In-Band Registration, for what a logged-in user does with the account: changing its password. */
package im.parley.register;
