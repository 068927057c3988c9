package io.sugarbridge.events.server;

import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-collector-per-journal-directory guard: an exclusive OS file lock on {@code
 * collector.lock} in the directory, held while the collector runs. Two collectors on one journal
 * would append over each other's acknowledged events and deliver every event twice; the OS drops
 * the lock when the process dies (even by kill -9), so a restart after a crash is never blocked.
 */
final class JournalDirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private JournalDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock.
   *
   * @throws ConfigurationException naming the setting {@code journal} when another collector holds
   *     it or the directory cannot be used
   */
  static JournalDirectoryLock acquire(Path directory) {
    FileChannel channel;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve("collector.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ConfigurationException(
          "journal",
          "cannot use the journal directory "
              + directory
              + " ("
              + e
              + "); check journal: in the events file and that this user may write there");
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another collector in this same JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw new ConfigurationException(
          "journal", "cannot lock the journal directory " + directory + " (" + e + ")");
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new ConfigurationException(
          "journal",
          "another sugarbridge events serve is already using the journal directory "
              + directory
              + "; stop it first, or give this collector its own journal: in the events file");
    }
    return new JournalDirectoryLock(channel, lock);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Giving up the lock attempt: nothing to keep.
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // The channel's close below drops the lock in any case.
    }
    closeQuietly(channel);
  }
}
