package io.fapiao.cli;

import picocli.CommandLine;

/** The {@code fapiao} command line for tests in other packages (its factory is package-private). */
public final class FapiaoCommandTestAccess {
    private FapiaoCommandTestAccess() {}

    public static CommandLine commandLine() {
        return FapiaoCommand.commandLine();
    }
}
