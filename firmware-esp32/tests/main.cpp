#include "check.h"

TestCase *&testList() {
  static TestCase *list = nullptr;
  return list;
}

int &testFailures() {
  static int failures = 0;
  return failures;
}

int main() {
  int run = 0;
  int failed = 0;
  for (TestCase *t = testList(); t != nullptr; t = t->next) {
    int before = testFailures();
    t->run();
    run++;
    if (testFailures() != before) {
      failed++;
      printf("FAIL %s\n", t->name);
    }
  }
  printf("%d passed, %d failed\n", run - failed, failed);
  return failed == 0 ? 0 : 1;
}
