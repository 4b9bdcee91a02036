/** GET /api/workflows. */
package dev.chatstream.workflows.boundary;
