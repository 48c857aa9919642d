package io.tracecheck.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh.",
                "bash: source <(tracecheck completion bash)   zsh: source <(tracecheck completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @ParentCommand
    TracecheckCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.", arity = "1")
    Shell shell;

    @Override
    public Integer call() {
        // the script describes every subcommand, so it is generated from the full command line
        String script = AutoComplete.bash("tracecheck", CommandLines.full(root.context().env()));
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.zsh) {
            out.println("# zsh: picocli's bash completion through bashcompinit");
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
