package org.tongbao.kpi.registry;

/** The digital-finance sectors the plan names. Numbers are stable: they are stored in the registry file. */
public enum FintechSector {
    AI(1, "AI"),
    DATA(2, "data"),
    CLOUD_COMPUTING(3, "cloud computing"),
    BLOCKCHAIN(4, "blockchain"),
    MACHINE_LEARNING(5, "machine learning");

    private final int number;
    private final String label;

    FintechSector(final int number, final String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    public String label() {
        return label;
    }

    /** The sector with this number, or null. */
    public static FintechSector ofNumber(final int number) {
        for (final FintechSector sector : values()) {
            if (sector.number == number) {
                return sector;
            }
        }
        return null;
    }

    /** The sector named {@code name} ("AI", "cloud computing", "CLOUD_COMPUTING", "cloud-computing"), or null. */
    public static FintechSector byName(final String name) {
        final String wanted = name.trim().replace('-', ' ').replace('_', ' ');
        for (final FintechSector sector : values()) {
            if (sector.label.equalsIgnoreCase(wanted) || sector.name().replace('_', ' ').equalsIgnoreCase(wanted)) {
                return sector;
            }
        }
        return null;
    }
}
