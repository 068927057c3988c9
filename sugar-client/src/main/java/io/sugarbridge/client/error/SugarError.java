package io.sugarbridge.client.error;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Sugar (or a proxy in front of it) answered to one failed call: the HTTP status, Sugar's
 * {@code error} code and {@code error_message} (null when the body was not Sugar JSON), the call's
 * method and path (never its query or headers), and the parsed body (null when not JSON) or a short
 * excerpt of a non-JSON body.
 */
public record SugarError(
    int status,
    String code,
    String serverMessage,
    String method,
    String path,
    JsonNode body,
    String bodyExcerpt) {}
