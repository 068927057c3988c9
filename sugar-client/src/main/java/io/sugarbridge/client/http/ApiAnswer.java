package io.sugarbridge.client.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer: its status (200, 201, 304) and parsed JSON body. */
public record ApiAnswer(int status, JsonNode body) {}
