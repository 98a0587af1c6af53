// Host shim of the parts of the Arduino core (arduino-esp32 3.x, cores/esp32/Arduino.h and
// esp32-hal-*.h) the sketch uses, so the very sketch builds and runs on Linux.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x01
#define OUTPUT 0x03

// esp32-hal-misc.c: unsigned long millis(void); void delay(uint32_t ms)
unsigned long millis();
void delay(uint32_t ms);
// esp32-hal-gpio.h: void pinMode(uint8_t pin, uint8_t mode); void digitalWrite(uint8_t pin, uint8_t val)
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t val);
// esp32-hal-adc.h: uint16_t analogRead(uint8_t pin)
uint16_t analogRead(uint8_t pin);

// The last level written to a pin, for the host to report (not part of the Arduino API).
uint8_t hostPinLevel(uint8_t pin);

// HardwareSerial, reduced to what the sketch prints with; output goes to stdout.
class HardwareSerial {
public:
  void begin(unsigned long baud) { (void)baud; }
  size_t println(const char *text);
  size_t printf(const char *format, ...) __attribute__((format(printf, 2, 3)));
};
extern HardwareSerial Serial;

// Esp.h: uint32_t EspClass::getFreeHeap()
class EspClass {
public:
  uint32_t getFreeHeap();
};
extern EspClass ESP;
