// A few macros for the firmware's unit tests: no framework to install, one binary to run.
#pragma once
#include <stdio.h>
#include <string.h>

#include <string>

struct TestCase {
  const char *name;
  void (*run)();
  TestCase *next;
};

TestCase *&testList();
int &testFailures();

struct TestRegistrar {
  TestRegistrar(TestCase *t) {
    t->next = testList();
    testList() = t;
  }
};

#define TEST(name)                                            \
  static void name();                                         \
  static TestCase name##_case = {#name, name, nullptr};       \
  static TestRegistrar name##_registrar(&name##_case);        \
  static void name()

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      printf("  FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
      testFailures()++;                                                          \
    }                                                                            \
  } while (0)

#define CHECK_EQ(expected, actual)                                                              \
  do {                                                                                          \
    long long e_ = static_cast<long long>(expected), a_ = static_cast<long long>(actual);       \
    if (e_ != a_) {                                                                             \
      printf("  FAILED %s:%d: %s == %s: expected %lld, got %lld\n", __FILE__, __LINE__,          \
             #expected, #actual, e_, a_);                                                       \
      testFailures()++;                                                                         \
    }                                                                                           \
  } while (0)

// Copies both sides first, so a temporary's c_str() may be given.
#define CHECK_STR(expected, actual)                                                                       \
  do {                                                                                                    \
    std::string e_ = (expected), a_ = (actual);                                                           \
    if (e_ != a_) {                                                                                       \
      printf("  FAILED %s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, e_.c_str(), a_.c_str()); \
      testFailures()++;                                                                                   \
    }                                                                                                     \
  } while (0)
