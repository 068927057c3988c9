package io.sugarbridge.client.http;

import java.net.http.HttpHeaders;

/**
 * A raw answer from the server as the transport got it. Only the client's own layers see it; typed
 * operations hand out JSON values and records, never this.
 */
public record SugarResponse(int status, HttpHeaders headers, byte[] body, int attempts) {
  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
