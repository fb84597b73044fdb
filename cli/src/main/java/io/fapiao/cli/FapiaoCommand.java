package io.fapiao.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fapiao} command. Each subcommand is a class of its own; this one only wires them.
 *
 * <pre>{@code
 * java -jar fapiao-cli.jar demo
 * java -jar fapiao-cli.jar inspect sealed.json
 * java -jar fapiao-cli.jar verify-proof bundle.json --trust cas/
 * java -jar fapiao-cli.jar reconcile --repair
 * }</pre>
 */
@Command(
        name = "fapiao",
        mixinStandardHelpOptions = true,
        version = "fapiao 0.1.0",
        description = "Blockchain-anchored e-bill and e-invoice platform: command-line tools.",
        subcommands = {
            EnvelopeDemoCommand.class,
            InspectCommand.class,
            CanonicalizeCommand.class,
            io.fapiao.cli.platform.PlatformCommand.class,
            io.fapiao.cli.platform.DemoCommand.class,
            io.fapiao.cli.platform.ReconcileCommand.class,
            io.fapiao.cli.platform.CallCommand.class,
            VerifyProofCommand.class,
            VerifyDocumentCommand.class
        })
public final class FapiaoCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@code main} runs it (tests run commands through it). */
    public static CommandLine commandLine() {
        return new CommandLine(new FapiaoCommand());
    }
}
