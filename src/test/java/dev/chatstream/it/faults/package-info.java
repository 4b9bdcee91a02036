/** Test-only CDI alternatives that inject faults into the deployed WAR, triggered by markers in a message; never in the production WAR. */
package dev.chatstream.it.faults;
