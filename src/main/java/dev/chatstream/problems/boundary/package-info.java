/** Exception mappers and the servlet error page that turn failures into problem+json. */
package dev.chatstream.problems.boundary;
