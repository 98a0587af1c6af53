// Host shim of ESP-IDF 5.x components/esp_hw_support/include/esp_random.h: uint32_t esp_random(void).
#pragma once
#include <stdint.h>

uint32_t esp_random();
