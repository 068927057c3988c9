package io.sugarbridge.sync.write;

import io.sugarbridge.client.bulk.Bulk;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import java.util.List;

/**
 * Sends one {@code /bulk} call and answers one result per sub-request. The engine uses the client's
 * {@code bulk()}; tests wrap it to count calls or to stop a run between sending and confirming, as
 * a kill would.
 */
@FunctionalInterface
public interface BulkSender {
  List<BulkResult> send(List<BulkRequest> requests);

  /**
   * Sends one {@code /bulk} call; {@code safeToRepeat} says whether sending every item again does
   * no harm, so that a 500 answer may be retried (see {@link Bulk#execute(List, boolean)}).
   */
  default List<BulkResult> send(List<BulkRequest> requests, boolean safeToRepeat) {
    return send(requests);
  }

  /** The client's own {@code /bulk}. */
  static BulkSender of(Bulk bulk) {
    return new BulkSender() {
      @Override
      public List<BulkResult> send(List<BulkRequest> requests) {
        return bulk.execute(requests);
      }

      @Override
      public List<BulkResult> send(List<BulkRequest> requests, boolean safeToRepeat) {
        return bulk.execute(requests, safeToRepeat);
      }
    };
  }
}
