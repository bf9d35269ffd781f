package dev.otpguard.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and ChromeDriver, headless, with the flags that keep it off the closed network. */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of(System.getProperty("otpguard.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("otpguard.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    public static WebDriver start() {
        return start(new ChromeOptions());
    }

    /** Starts Chromium with extra options (preferences, e.g. JavaScript off) on top of the usual flags. */
    public static WebDriver start(ChromeOptions options) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("Chromium or ChromeDriver missing (" + CHROMIUM + ", " + DRIVER
                    + "): install Debian's chromium and chromium-driver packages (.ci/run does)");
        }
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900", "--lang=en");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
