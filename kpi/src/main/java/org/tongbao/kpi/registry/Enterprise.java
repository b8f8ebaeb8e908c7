package org.tongbao.kpi.registry;

import java.time.LocalDate;
import java.util.Set;

/** A registered fintech enterprise. Immutable; any thread. */
public record Enterprise(String name, String creditCode, Set<FintechSector> sectors, int district, LocalDate registered) {
    public Enterprise {
        sectors = Set.copyOf(sectors);
    }
}
