package io.sugarbridge.sync.write;

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
}
