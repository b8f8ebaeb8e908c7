package org.tongbao.history.query;

import java.util.List;

/**
 * One line of a wallet's statement: a money movement seen from the wallet, with the balance
 * right after it.
 *
 * @param position       the history's key (batch sequence × 2^24 + row), the pagination cursor
 * @param sequence       journal batch
 * @param rowNumber      event row within the batch
 * @param commandIndex   the command's index in its batch (-1 for the batch's own events)
 * @param timeMs         batch time
 * @param eventType      {@code EventType} number: TRANSFER or PENDING_POSTED
 * @param transferId     the transfer's id (the post command's id for a posted pending transfer)
 * @param code           {@code TransferCode} number
 * @param counterpartyId the other account
 * @param amountFen      signed: positive in, negative out
 * @param balanceFen     the wallet's balance right after this movement
 * @param reference      the pending transfer, campaign, escrow or loan it refers to, or 0
 */
public record StatementLine(long position, long sequence, int rowNumber, int commandIndex, long timeMs,
                            int eventType, long transferId, int code, long counterpartyId, long amountFen,
                            long balanceFen, long reference) implements CsvRow {
    public static final List<String> CSV_HEADER = List.of("position", "batch", "row", "command_index", "time",
            "event", "transfer_id", "code", "counterparty_id", "amount_fen", "balance_fen", "reference");

    @Override
    public void appendCsv(final StringBuilder line) {
        line.append(position).append(',').append(sequence).append(',').append(rowNumber).append(',')
                .append(commandIndex).append(',').append(CsvExport.time(timeMs)).append(',')
                .append(CsvExport.eventName(eventType)).append(',').append(transferId).append(',')
                .append(CsvExport.codeName(code)).append(',').append(counterpartyId).append(',').append(amountFen)
                .append(',').append(balanceFen).append(',').append(reference);
    }
}
