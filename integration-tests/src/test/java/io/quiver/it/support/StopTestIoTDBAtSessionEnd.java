package io.quiver.it.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the test IoTDB when the JUnit launcher session ends, i.e. after the last test class of the run, if
 * {@link TestIoTDB} started it. Registered in {@code META-INF/services}.
 */
public final class StopTestIoTDBAtSessionEnd implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    TestIoTDB.stopIfStartedHere("at the end of the JUnit session");
  }
}
