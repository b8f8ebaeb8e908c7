package org.tongbao.server.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;
import org.tongbao.server.http.auth.TokenStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao token}: create, revoke and list the API's bearer tokens in a data directory.
 * Only SHA-256 hashes are stored; a new token is printed once. Works beside a running server,
 * which sees a revocation at its next request.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        header = "Create, revoke or list API tokens.",
        description = "Create, revoke or list API tokens (stored as hashes in the data directory).",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class, TokenCommand.ListTokens.class})
final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a token for a role and print it once.",
            description = {"Create a token and print it once. Roles: central-bank, operator (--operator ID),",
                "merchant (--merchant ID), city-admin, auditor."})
    static final class Create implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The data directory.")
        private Path data;

        @Option(names = "--role", required = true, description = "central-bank, operator, merchant, city-admin or auditor.")
        private String role;

        @ArgGroup(exclusive = true)
        private Scope scope;

        static final class Scope {
            @Option(names = "--operator", paramLabel = "ID", description = "The operator's reserve account id.")
            private Long operator;

            @Option(names = "--merchant", paramLabel = "ID", description = "The merchant's wallet id.")
            private Long merchant;
        }

        @Override
        public Integer call() {
            final Role parsed = Role.ofLabel(role);
            final long account = scope == null ? 0 : scope.operator != null ? scope.operator : scope.merchant;
            if (scope != null && (parsed == Role.OPERATOR) != (scope.operator != null)) {
                throw new IllegalArgumentException("--operator goes with --role operator, --merchant with --role merchant");
            }
            final TokenStore.Created created = new TokenStore(data).create(parsed, account, System.currentTimeMillis());
            SecurityLog.tokenCreated(created.record().id(), parsed, account);
            System.out.println(created.token());
            System.err.println("token " + created.record().id() + " (" + parsed.label()
                    + (account == 0 ? "" : " " + account) + ") created; it is shown only this once."
                    + " Send it as 'Authorization: Bearer <token>'.");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, header = "Revoke a token, effective at once.",
            description = "Revoke a token by its id (or a unique prefix of at least 4 digits); effective at once.")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The data directory.")
        private Path data;

        @Option(names = "--token-id", required = true, paramLabel = "ID", description = "The token's id or its prefix.")
        private String tokenId;

        @Override
        public Integer call() {
            final TokenStore.TokenRecord revoked = new TokenStore(data).revoke(tokenId);
            SecurityLog.tokenRevoked(revoked.id());
            System.out.println("token " + revoked.id() + " (" + revoked.role().label() + ") revoked");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens: id, role, scope, created, revoked.")
    static final class ListTokens implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "The data directory.")
        private Path data;

        @Override
        public Integer call() {
            for (final TokenStore.TokenRecord record : new TokenStore(data).list()) {
                System.out.printf("%s  %-12s  %-20d  %s  %s%n", record.id(), record.role().label(),
                        record.scopeAccountId(), Instant.ofEpochMilli(record.createdMs()),
                        record.revoked() ? "revoked" : "active");
            }
            return 0;
        }
    }
}
