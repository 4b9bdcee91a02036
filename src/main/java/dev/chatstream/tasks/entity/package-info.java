/** Task definitions, requests, answers and the stored result. */
package dev.chatstream.tasks.entity;
