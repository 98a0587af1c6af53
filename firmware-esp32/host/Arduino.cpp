#include "Arduino.h"

#include <stdarg.h>
#include <time.h>

#include <chrono>
#include <random>

#include "Preferences.h"
#include "esp_random.h"
#include "esp_task_wdt.h"

namespace {
const std::chrono::steady_clock::time_point kStart = std::chrono::steady_clock::now();
uint8_t pinLevels[64];
std::mt19937 rng{std::random_device{}()};
uint32_t storedUInts[8];
const char *storedKeys[8];
size_t storedCount = 0;
}  // namespace

HardwareSerial Serial;
EspClass ESP;

unsigned long millis() {
  return static_cast<unsigned long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - kStart).count());
}

void delay(uint32_t ms) {
  struct timespec ts = {static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1000000L};
  nanosleep(&ts, nullptr);
}

void pinMode(uint8_t pin, uint8_t mode) {
  (void)pin;
  (void)mode;
}

void digitalWrite(uint8_t pin, uint8_t val) { pinLevels[pin % 64] = val; }

uint8_t hostPinLevel(uint8_t pin) { return pinLevels[pin % 64]; }

uint16_t analogRead(uint8_t pin) { return static_cast<uint16_t>(1000 + pin); }

uint32_t esp_random() { return static_cast<uint32_t>(rng()); }

size_t HardwareSerial::println(const char *text) {
  int n = ::printf("%s\n", text);
  fflush(stdout);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

size_t HardwareSerial::printf(const char *format, ...) {
  va_list args;
  va_start(args, format);
  int n = ::vprintf(format, args);
  va_end(args);
  fflush(stdout);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

uint32_t EspClass::getFreeHeap() { return 200000; }

esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t *config) {
  (void)config;
  return ESP_OK;
}

esp_err_t esp_task_wdt_add(TaskHandle_t task_handle) {
  (void)task_handle;
  return ESP_OK;
}

esp_err_t esp_task_wdt_reset(void) { return ESP_OK; }

bool Preferences::begin(const char *name, bool readOnly, const char *partition_label) {
  (void)name;
  (void)readOnly;
  (void)partition_label;
  return true;
}

uint32_t Preferences::getUInt(const char *key, uint32_t defaultValue) {
  for (size_t i = 0; i < storedCount; i++) {
    if (strcmp(storedKeys[i], key) == 0) {
      return storedUInts[i];
    }
  }
  return defaultValue;
}

size_t Preferences::putUInt(const char *key, uint32_t value) {
  for (size_t i = 0; i < storedCount; i++) {
    if (strcmp(storedKeys[i], key) == 0) {
      storedUInts[i] = value;
      return sizeof value;
    }
  }
  if (storedCount == 8) {
    return 0;
  }
  storedKeys[storedCount] = key;
  storedUInts[storedCount++] = value;
  return sizeof value;
}
