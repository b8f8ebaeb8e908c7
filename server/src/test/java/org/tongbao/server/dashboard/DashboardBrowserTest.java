package org.tongbao.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tongbao.kpi.registry.UnifiedSocialCreditCode;
import org.tongbao.server.http.ApiConfig;
import org.tongbao.server.http.ApiServer;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.TokenStore;
import org.tongbao.sim.PilotSimulator;

/**
 * The pilot dashboard in a real headless Chromium (Selenium's ChromeDriver, Debian's chromium and
 * chromedriver) against a real server on a random port, over a data directory the pilot simulator
 * filled at a tiny scale, signed in with a city-admin token as a visitor would. One browser for
 * the class; the tests run in order and the last one checks the browser's console for errors
 * over the whole visit and leaves screenshots under {@code server/target/dashboard/}.
 *
 * <p>Skipped, saying why, on a machine without chromium and chromedriver; under CI (which installs
 * them, see {@code .ci/run}) their absence is a failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard");

    @TempDir
    static Path temporary;

    private static ApiServer server;
    private static String base;
    private static String token;
    private static ChromeDriver browser;
    private static final List<LogEntry> CONSOLE = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        final Browser found = Browser.find();
        Browser.assumeInstalled(found);
        final Path data = temporary.resolve("pilot");
        new PilotSimulator(new PilotSimulator.Options(2023, LocalDate.of(2023, 3, 31), 0.00005, 2022))
                .run(data, (day, index, days, commands) -> { });
        server = ApiServer.start(ApiConfig.defaults(data).withPort(0));
        base = "http://127.0.0.1:" + server.port();
        token = new TokenStore(data).create(Role.CITY_ADMIN, 0, System.currentTimeMillis()).token();
        browser = found.start(temporary.resolve("downloads"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void keepTheConsole() {
        CONSOLE.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
    }

    @Test
    @Order(1)
    void signsInWithACityAdminTokenAndShowsACardPerTarget() throws Exception {
        browser.get(base + "/");
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        waitFor("signed-out");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
        waitFor("ready");
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#cards .card"))).hasSize(api("/v1/kpi/targets").path("targets").size());
        assertThat(browser.findElement(By.id("as-of")).getText()).endsWith("2023-03-31");
    }

    @Test
    @Order(2)
    void theCardsShowTheApisFiguresFormattedWithUnits() throws Exception {
        final Map<String, Map<String, List<String>>> cards = cards();
        for (final JsonNode target : api("/v1/kpi/targets").path("targets")) {
            final Map<String, List<String>> card = cards.get(target.path("name").asText());
            final String unit = target.path("unit").asText();
            for (final String field : List.of("actual", "target", "linearPace", "requiredDailyRate", "forecast")) {
                assertThat(card.get(field).get(0)).as(field).isEqualTo(target.path(field).asText());
                assertThat(card.get(field).get(1)).as(field).startsWith(English.figure(target.path(field).asLong(), unit));
            }
            assertThat(card.get("percent").get(1)).isEqualTo(English.percent(target.path("percent").asDouble()));
            assertThat(card.get("status").get(0)).isEqualTo(target.path("status").asText());
            assertThat(card.get("class").get(0)).contains("status-" + target.path("status").asText());
        }
        assertThat(cards.get("volume-2023").get("target").get(1)).isEqualTo("CNY 100.00 million");
    }

    /** Every card, read in one script (cards are redrawn on each refresh): name to field to [data-value, text]. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, List<String>>> cards() {
        return (Map<String, Map<String, List<String>>>) browser.executeScript("""
                const cards = {};
                for (const card of document.querySelectorAll('#cards .card')) {
                  const fields = {class: [card.className, '']};
                  for (const field of card.querySelectorAll('[data-field]')) {
                    fields[field.dataset.field] = [field.dataset.value, field.textContent];
                  }
                  cards[card.dataset.target] = fields;
                }
                return cards;
                """);
    }

    private static String text(final String selector) {
        return (String) browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                selector);
    }

    @Test
    @Order(3)
    void aDrillDownClickShowsTheTableByDimensionWithShares() throws Exception {
        browser.findElement(By.cssSelector(".card[data-target='sme-loans-2023'] .drill-button")).click();
        new Select(browser.findElement(By.id("drill-dimension"))).selectByValue("size");
        new Select(browser.findElement(By.id("drill-period"))).selectByValue("YEAR");
        final JsonNode expected = api("/v1/kpi/metrics/sme-loans-disbursed?by=size&period=year");
        final List<String> fromApi = new ArrayList<>();
        for (final JsonNode row : expected.path("rows")) {
            if (row.path("amount").asLong() != 0) {
                fromApi.add(row.path("label").asText() + "=" + English.money(row.path("amount").asLong()));
            }
        }
        // The table is redrawn on every refresh: read it whole in one script, not cell by cell.
        new WebDriverWait(browser, WAIT).until(driver -> "SME_LOANS_DISBURSED ENTERPRISE_SIZE YEAR".equals(browser.executeScript(
                "const g = document.getElementById('drill-grid').dataset; return g.metric + ' ' + g.dimension + ' ' + g.period")));
        assertThat(heading("drill", "label")).isEqualTo("Enterprise size");
        assertThat(tableRows("drill", "label", "amount")).containsExactlyInAnyOrderElementsOf(fromApi);
        assertThat(tableRows("drill", "share")).allMatch(share -> share.endsWith("%"));

        browser.findElement(By.cssSelector("#drill-grid th[data-key='label'] button")).click();
        assertThat(tableRows("drill", "label")).isSorted();
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Enterprise size");
    }

    /** The cells of the given columns of a table, row by row, joined with '='. */
    @SuppressWarnings("unchecked")
    private static List<String> tableRows(final String table, final String... columns) {
        return (List<String>) browser.executeScript("""
                const [table, columns] = arguments;
                return [...document.querySelectorAll('#' + table + '-grid tbody tr')].map(row => columns.map(key =>
                    row.querySelector("td[data-key='" + key + "']").textContent).join('='));
                """, table, List.of(columns));
    }

    private static String heading(final String table, final String column) {
        return (String) browser.executeScript("const h = document.querySelector(\"#\" + arguments[0] + \"-grid th[data-key='\""
                + " + arguments[1] + \"']\"); return h ? h.textContent : '';", table, column);
    }

    @Test
    @Order(4)
    void exportsTheTableBehindTheDrillDownAsCsv() {
        final Object csv = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const create = URL.createObjectURL;
                URL.createObjectURL = (blob) => { URL.createObjectURL = create; blob.text().then(done); return create(blob); };
                document.querySelector("button[data-csv='drill']").click();
                """);
        // (Blob.text() decodes UTF-8 and drops the byte order mark the file starts with.)
        assertThat(csv.toString().replace("\r\n", "\n")).startsWith("Enterprise size,SME loans disbursed,Share,Growth vs previous period\n")
                .contains("micro,");
    }

    @Test
    @Order(5)
    void switchingTheLanguageChangesTheLabelsAndUnits() {
        new Select(browser.findElement(By.id("language"))).selectByValue("zh");
        assertThat(text("#targets-heading")).isEqualTo("目标");
        assertThat(text(".card[data-target='volume-2023'] [data-field='target']")).isEqualTo("1.00亿元");
        assertThat(text("#drill-grid th[data-key='label']")).isEqualTo("企业规模");
        assertThat(text("#campaigns-heading")).isEqualTo("按活动的消费激励");
        assertThat(tableRows("campaigns", "label")).isNotEmpty().allMatch(label -> label.startsWith("活动 "));
        assertThat(tableRows("campaigns", "granted")).allMatch(granted -> granted.endsWith("元"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        screenshot("dashboard-zh.png", 1280);
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        assertThat(text("#targets-heading")).isEqualTo("Targets");
    }

    @Test
    @Order(6)
    void theFiguresFollowTheServerWithoutAReload() throws Exception {
        assertThat(text("#fintech-summary")).startsWith("Total 0 / Target 1");
        final String first17 = String.format("91320583%09d", 7);
        final String registration = "{\"name\":\"Suzhou Data Works\",\"creditCode\":\"" + first17
                + UnifiedSocialCreditCode.checkCharacter(first17) + "\",\"sectors\":[\"DATA\"],\"district\":320505,"
                + "\"registered\":\"2023-03-01\"}";
        final HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/fintech-enterprises"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        new WebDriverWait(browser, Duration.ofSeconds(12)).until(driver -> text("#fintech-summary").startsWith("Total 1 "));
    }

    @Test
    @Order(7)
    void fitsATabletWidthWithoutScrollingSideways() {
        browser.manage().window().setSize(new Dimension(800, 1000));
        try {
            new WebDriverWait(browser, WAIT).until(driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth"));
            screenshot("dashboard-tablet.png", 800);
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    @Order(8)
    void theCampaignTableShowsTheApisIncentivesByCampaignAndExportsThem() throws Exception {
        final List<String> expected = campaignsFromTheApi();
        assertThat(expected).as("the simulated pilot ran campaigns by 31 March").hasSizeGreaterThanOrEqualTo(2);
        new WebDriverWait(browser, WAIT).until(driver -> tableRows("campaigns", "label").size() == expected.size());

        assertThat(tableRows("campaigns", "label", "granted", "spent", "expired", "returned", "salesDriven",
                "salesPerYuan")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(heading("campaigns", "label")).isEqualTo("Campaign");
        final List<String> granted = tableRows("campaigns", "granted");
        assertThat(granted).as("sorted by incentives granted, most first").isEqualTo(granted.stream()
                .sorted(java.util.Comparator.comparing(DashboardBrowserTest::yuanOf).reversed()).toList());

        final Object csv = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const create = URL.createObjectURL;
                URL.createObjectURL = (blob) => { URL.createObjectURL = create; blob.text().then(done); return create(blob); };
                document.querySelector("button[data-csv='campaigns']").click();
                """);
        final List<String> lines = csv.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Campaign,Incentives granted,Incentives spent,Incentives expired,"
                + "Incentives returned,Merchant sales driven,Sales per incentive yuan");
        assertThat(lines).hasSize(expected.size() + 1);
        assertThat(lines.get(1)).matches("campaign \\d+(,-?\\d+\\.\\d{2}){5},[0-9.]*");
    }

    /**
     * Incentives by campaign as the table should show them, read from the API: per campaign with
     * any incentive money, its label, granted, spent, expired, returned and sales driven formatted
     * as money, and sales per incentive yuan (a dash while nothing was spent), joined with '='.
     */
    private static List<String> campaignsFromTheApi() throws Exception {
        final String[] metrics = {"incentives-granted", "incentives-spent", "incentives-expired", "incentives-returned",
            "merchant-sales-driven"};
        final Map<Long, long[]> amounts = new java.util.LinkedHashMap<>();
        final Map<Long, String> labels = new java.util.HashMap<>();
        for (int m = 0; m < metrics.length; m++) {
            for (final JsonNode row : api("/v1/kpi/metrics/" + metrics[m] + "?by=campaign&period=year").path("rows")) {
                final long value = row.path("value").asLong();
                amounts.computeIfAbsent(value, v -> new long[metrics.length])[m] = row.path("amount").asLong();
                labels.put(value, row.path("label").asText());
            }
        }
        final Map<Long, Double> ratios = new java.util.HashMap<>();
        for (final JsonNode row : api("/v1/kpi/metrics/sales-per-incentive-yuan?by=campaign&period=year").path("rows")) {
            ratios.put(row.path("value").asLong(), row.path("amount").asDouble());
        }
        final List<String> rows = new ArrayList<>();
        amounts.forEach((value, figures) -> {
            if (java.util.Arrays.stream(figures).anyMatch(amount -> amount != 0)) {
                final StringBuilder line = new StringBuilder(labels.get(value));
                for (final long amount : figures) {
                    line.append('=').append(English.money(amount));
                }
                line.append('=').append(figures[1] > 0 ? English.ratio(ratios.get(value)) : "—");
                rows.add(line.toString());
            }
        });
        return rows;
    }

    /** "CNY 1.23 million" as yuan, for comparing table cells. */
    private static double yuanOf(final String money) {
        final String[] parts = money.substring("CNY ".length()).replace(",", "").split(" ");
        final double number = Double.parseDouble(parts[0]);
        return parts.length == 1 ? number : number * switch (parts[1]) {
            case "million" -> 1e6;
            case "billion" -> 1e9;
            default -> 1e12;
        };
    }

    @Test
    @Order(99)
    void leavesNoErrorInTheConsoleAndAScreenshotForPeople() throws Exception {
        CONSOLE.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
        assertThat(CONSOLE.stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString)).isEmpty();
        // The console is really read: a line the page logs now comes back.
        browser.executeScript("console.info('tongbao console probe')");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).anyMatch(entry ->
                entry.getMessage().contains("tongbao console probe"));
        final Path screenshot = screenshot("dashboard.png", 1280);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    private static void waitFor(final String state) {
        new WebDriverWait(browser, WAIT).until(driver -> state.equals(
                ((JavascriptExecutor) driver).executeScript("return document.body.dataset.state")));
    }

    /** The whole page at {@code width}: the window is made as tall as the page for the picture. */
    private static Path screenshot(final String name, final int width) {
        final Dimension before = browser.manage().window().getSize();
        final long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(height + 120, 8_000)));
        browser.executeScript("window.dispatchEvent(new Event('resize'))");
        try {
            Files.createDirectories(SCREENSHOTS);
            final Path file = SCREENSHOTS.resolve(name);
            Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    private static JsonNode api(final String path) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The dashboard's English number format, written out independently of its script. */
    static final class English {
        private English() {
        }

        static String figure(final long value, final String unit) {
            return unit.equals("fen") ? money(value) : number(value);
        }

        static String money(final long fen) {
            return "CNY " + number(fen / 100.0);
        }

        static String number(final double value) {
            final double size = Math.abs(value);
            final double[] steps = {1e12, 1e9, 1e6};
            final String[] units = {" trillion", " billion", " million"};
            for (int i = 0; i < steps.length; i++) {
                if (size >= steps[i]) {
                    return grouped(new BigDecimal(value / steps[i]).setScale(2, RoundingMode.HALF_UP)) + units[i];
                }
            }
            return grouped(new BigDecimal(value).setScale(size < 100 ? 2 : 0, RoundingMode.HALF_UP).stripTrailingZeros());
        }

        /** A ratio: grouped, at most two decimals, no trailing zeros ("1.5", "12.34"). */
        static String ratio(final double value) {
            final java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0.##",
                    java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
            format.setRoundingMode(RoundingMode.HALF_UP);
            return format.format(value);
        }

        static String percent(final double value) {
            return new BigDecimal(value).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
        }

        private static String grouped(final BigDecimal value) {
            final java.text.DecimalFormat format = new java.text.DecimalFormat(value.scale() > 0 ? "#,##0.00" : "#,##0",
                    java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
            if (value.scale() > 0 && value.scale() < 2) {
                format.applyPattern("#,##0.0");
            }
            return format.format(value);
        }
    }

    /** Chromium and chromedriver from the system's packages, found on the PATH or where Debian puts them. */
    record Browser(String chromium, String chromedriver) {
        static Browser find() {
            return new Browser(first("chromium", "chromium-browser", "google-chrome"), first("chromedriver"));
        }

        static void assumeInstalled(final Browser browser) {
            if (browser.chromium != null && browser.chromedriver != null) {
                return;
            }
            final String missing = "the dashboard's browser tests need chromium and chromedriver on the PATH"
                    + " (Debian: apt-get install chromium chromium-driver); found chromium=" + browser.chromium
                    + ", chromedriver=" + browser.chromedriver;
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing + "; CI installs them (.ci/run), so this is a broken setup");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: " + missing);
        }

        ChromeDriver start(final Path downloads) {
            final ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--lang=en-US", "--hide-scrollbars");
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
                    "download.default_directory", downloads.toAbsolutePath().toString()));
            final LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            final ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        }

        private static String first(final String... names) {
            for (final String name : names) {
                for (final String folder : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin")
                        .split(File.pathSeparator)) {
                    final File file = new File(folder, name);
                    if (file.isFile() && file.canExecute()) {
                        return file.getAbsolutePath();
                    }
                }
            }
            return null;
        }
    }
}
