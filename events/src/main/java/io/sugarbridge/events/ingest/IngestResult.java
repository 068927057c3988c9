package io.sugarbridge.events.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * What became of a request's events: an answer now (refused before the journal), or one once the
 * journal has answered ({@code pending}, which never completes exceptionally).
 */
record IngestResult(IngestResponse answer, CompletableFuture<IngestResponse> pending) {
  static IngestResult answered(IngestResponse answer) {
    return new IngestResult(answer, null);
  }

  static IngestResult pending(CompletableFuture<IngestResponse> pending) {
    return new IngestResult(null, pending);
  }

  boolean isPending() {
    return pending != null;
  }

  /** The answer, waiting for the journal when it is pending. */
  IngestResponse await() {
    return isPending() ? pending.join() : answer;
  }
}
