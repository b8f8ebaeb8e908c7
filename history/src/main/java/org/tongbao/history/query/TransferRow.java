package org.tongbao.history.query;

import java.util.List;

/**
 * One committed money movement as stored: both parties, their balances right after it and the
 * operator banks they are held at (an operator reserve is its own operator; 0 for none).
 */
public record TransferRow(long position, long sequence, int rowNumber, int commandIndex, long timeMs, int eventType,
                          long transferId, int code, long debitId, long creditId, long amountFen, long reference,
                          long debitBalanceFen, long creditBalanceFen, long debitOperatorId,
                          long creditOperatorId) implements CsvRow {
    public static final List<String> CSV_HEADER = List.of("position", "batch", "row", "command_index", "time",
            "event", "transfer_id", "code", "debit_id", "credit_id", "amount_fen", "reference", "debit_balance_fen",
            "credit_balance_fen", "debit_operator_id", "credit_operator_id");

    @Override
    public void appendCsv(final StringBuilder line) {
        line.append(position).append(',').append(sequence).append(',').append(rowNumber).append(',')
                .append(commandIndex).append(',').append(CsvExport.time(timeMs)).append(',')
                .append(CsvExport.eventName(eventType)).append(',').append(transferId).append(',')
                .append(CsvExport.codeName(code)).append(',').append(debitId).append(',').append(creditId).append(',')
                .append(amountFen).append(',').append(reference).append(',').append(debitBalanceFen).append(',')
                .append(creditBalanceFen).append(',').append(debitOperatorId).append(',').append(creditOperatorId);
    }
}
