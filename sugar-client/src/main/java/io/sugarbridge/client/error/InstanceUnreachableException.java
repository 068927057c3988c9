package io.sugarbridge.client.error;

import io.sugarbridge.common.error.SugarbridgeException;

/**
 * No HTTP answer could be had from the instance at all: the address does not resolve, the
 * connection is refused or the TLS handshake fails. The user must check {@code instance_url} and
 * the network (proxy, VPN, firewall).
 */
public class InstanceUnreachableException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public InstanceUnreachableException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
