package io.quiver.localiotdb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs an action while holding an exclusive lock on a file, so that two processes (or two threads of one
 * process) never fetch, start or stop the same thing at once. Waiting for the lock is bounded.
 */
final class FileLocks {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final long POLL_MILLIS = 200;

  private FileLocks() {
  }

  static <T> T withLock(Path lockFile, Duration maxWait, String what, PrintStream out, Supplier<T> action) {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    long deadline = System.nanoTime() + maxWait.toNanos();
    try {
      if (!local.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw timeout(key, maxWait, what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoTDBException("interrupted while waiting for the lock " + key + " (" + what + ")", e);
    }
    try {
      Files.createDirectories(key.getParent());
      try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          out.println("waiting for another process that is " + what + " (lock " + key + ") ...");
          while (lock == null) {
            if (System.nanoTime() > deadline) {
              throw timeout(key, maxWait, what);
            }
            Thread.sleep(POLL_MILLIS);
            lock = channel.tryLock();
          }
        }
        try {
          return action.get();
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new LocalIoTDBException("cannot lock " + key + " (" + what + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIoTDBException("interrupted while waiting for the lock " + key + " (" + what + ")", e);
    } finally {
      local.unlock();
    }
  }

  private static LocalIoTDBException timeout(Path key, Duration maxWait, String what) {
    return new LocalIoTDBException("another process held the lock " + key + " for more than "
        + maxWait.toSeconds() + " s while " + what + "; if no such process runs any more, delete that file");
  }
}
