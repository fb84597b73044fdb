package io.fapiao.cli.platform;

import picocli.CommandLine.Command;

/**
 * {@code fapiao platform ...}: what the one-machine platform's scripts need from Java.
 *
 * <pre>{@code
 * java -jar fapiao-cli.jar platform configure --home .fapiao --ledger localhost:7051
 * }</pre>
 */
@Command(
        name = "platform",
        description = "Set up the one-machine platform (used by ./fapiao up).",
        subcommands = {ConfigureCommand.class})
public final class PlatformCommand {}
