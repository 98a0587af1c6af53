// The firmware as the sketch runs it: setup() once, loop() forever.
#pragma once

namespace iotgw {
namespace app {

void setup();
void loop();
// One line of counters on the serial port.
void printStatus();

}  // namespace app
}  // namespace iotgw
