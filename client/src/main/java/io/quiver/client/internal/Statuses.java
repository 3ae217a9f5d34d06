package io.quiver.client.internal;

import io.quiver.client.AuthenticationException;
import io.quiver.client.StatementException;
import org.apache.iotdb.common.rpc.thrift.TSStatus;

/** Turns IoTDB status codes into success or a typed exception. */
public final class Statuses {
  public static final int SUCCESS = 200;
  public static final int EXECUTE_STATEMENT_ERROR = 301;
  public static final int MULTIPLE_ERROR = 302;
  public static final int REDIRECTION_RECOMMEND = 400;
  public static final int WRONG_LOGIN_PASSWORD = 801;
  public static final int NOT_LOGIN = 802;
  public static final int NO_PERMISSION = 803;

  private Statuses() {}

  /** True for 200, 400 (success with a redirect hint), and 302 whose every sub-status succeeded. */
  public static boolean isSuccess(TSStatus status) {
    int code = status.getCode();
    if (code == SUCCESS || code == REDIRECTION_RECOMMEND) {
      return true;
    }
    if (code == MULTIPLE_ERROR && status.isSetSubStatus()) {
      for (TSStatus sub : status.getSubStatus()) {
        if (!isSuccess(sub)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Throws unless the status is a success.
   *
   * @param context what was being done, e.g. "execute 'CREATE TABLE ...'"
   */
  public static void check(TSStatus status, String context) {
    if (isSuccess(status)) {
      return;
    }
    int code = status.getCode();
    String message = message(status);
    if (code == WRONG_LOGIN_PASSWORD || code == NOT_LOGIN) {
      throw new AuthenticationException(context + ": IoTDB status " + code + ": " + message, code);
    }
    throw new StatementException(context, code, message, TransientStatuses.isTransient(status));
  }

  private static String message(TSStatus status) {
    if (status.getCode() == MULTIPLE_ERROR && status.isSetSubStatus()) {
      StringBuilder sb = new StringBuilder();
      for (TSStatus sub : status.getSubStatus()) {
        if (!isSuccess(sub)) {
          if (sb.length() > 0) {
            sb.append("; ");
          }
          sb.append(sub.getCode()).append(' ').append(sub.getMessage());
        }
      }
      return sb.toString();
    }
    return status.isSetMessage() ? status.getMessage() : "(no message)";
  }
}
