// What the gateway takes in HELLO: ids and tokens.
#pragma once

namespace iotgw {

// True for 1 to 64 of A-Z a-z 0-9 _ . -
bool validDeviceId(const char *id);
// True for a token the gateway takes after the id in HELLO: 1 to 128 printable ASCII characters, no spaces.
bool validToken(const char *token);

}  // namespace iotgw
