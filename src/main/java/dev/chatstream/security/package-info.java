/** Who is calling: bearer tokens checked as MP-JWT checks them, the user they name, and the dev key for newcomers. */
package dev.chatstream.security;
