package org.tongbao.engine.credit;

import java.util.List;

/**
 * A page of one lender's loan applications in order of submission; {@code nextAfterId} is the
 * application id to continue after (0 when nothing follows).
 */
public record LoanApplicationPage(List<LoanApplicationView> items, long nextAfterId) {
    public LoanApplicationPage {
        items = List.copyOf(items);
    }
}
