/** Task definitions, the structured tail's validation and confidence, the offline answers, the seed's frames, the kept results. */
package dev.chatstream.tasks.control;
