package io.dataplug.lithops;

import java.util.List;

/**
 * What {@link FunctionExecutor#wait} found: the calls that are done and those that are not.
 *
 * @param done calls that ended (succeeded, failed, timed out, lost or cancelled), in input order
 * @param notDone calls still pending or running, in input order
 */
public record WaitResult<R>(List<ResponseFuture<R>> done, List<ResponseFuture<R>> notDone) {
  public WaitResult {
    done = List.copyOf(done);
    notDone = List.copyOf(notDone);
  }
}
