package io.sugarbridge.events.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the journal makes written bytes durable: {@link #FSYNC} forces the file's data to the disk.
 * It is a seam so that a test can hold a sync back (to prove nothing is acknowledged before it) or
 * make it fail (to prove a failed sync is never acknowledged); production always uses {@link
 * #FSYNC}.
 */
@FunctionalInterface
public interface DiskSync {
  /** {@code FileChannel.force(false)}: data and the metadata needed to read it back (size). */
  DiskSync FSYNC = channel -> channel.force(false);

  void force(FileChannel channel) throws IOException;
}
