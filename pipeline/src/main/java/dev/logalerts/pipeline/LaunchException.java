package dev.logalerts.pipeline;

/** The job refused to start: bad options or an invalid rules file. The message says why. */
public class LaunchException extends RuntimeException {
  public LaunchException(String message, Throwable cause) {
    super(message, cause);
  }

  public LaunchException(String message) {
    super(message);
  }
}
