/**
 * {@code ./quiver load}: an Arrow IPC file or stream into an IoTDB table. {@link
 * io.quiver.cli.load.LoadCommand} is the command (and the entry point for programs that run it);
 * the rest are its parts: the options, the file ({@code ArrowSource}), the column plan and table
 * checks, the loader with its threads, the exact ledger of acknowledged rows, and the progress
 * line.
 */
package io.quiver.cli.load;
