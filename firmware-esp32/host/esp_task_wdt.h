// Host shim of ESP-IDF 5.x components/esp_system/include/esp_task_wdt.h, as arduino-esp32 3.x
// ships it: the task watchdog is configured with esp_task_wdt_config_t. On the host it only counts.
#pragma once
#include <stdbool.h>
#include <stdint.h>

typedef int esp_err_t;
#define ESP_OK 0
typedef void *TaskHandle_t;

typedef struct {
  uint32_t timeout_ms;
  uint32_t idle_core_mask;
  bool trigger_panic;
} esp_task_wdt_config_t;

esp_err_t esp_task_wdt_reconfigure(const esp_task_wdt_config_t *config);
esp_err_t esp_task_wdt_add(TaskHandle_t task_handle);
esp_err_t esp_task_wdt_reset(void);
