// slowdisk: an LD_PRELOAD library that makes forcing a file to disk as slow as a cheap SD card,
// and says which thread asked. fsync, fdatasync and msync(MS_SYNC) first sleep SLOWDISK_MS
// milliseconds (default 200); with SLOWDISK_LOG set, each call writes one line to standard error:
//   slowdisk: fdatasync by thread 'iotgw-spool-sync' (tid 1234)
// The end-to-end tests check those names: no thread serving devices may ever wait on the disk.
//
//   gcc -O2 -shared -fPIC -o slowdisk.so slowdisk.c -ldl
//   SLOWDISK_MS=200 LD_PRELOAD=$PWD/slowdisk.so java -jar gateway/target/iot-gateway.jar ...
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void slow(const char *call) {
  const char *ms = getenv("SLOWDISK_MS");
  long millis = ms ? atol(ms) : 200;
  if (getenv("SLOWDISK_LOG")) {
    char name[64] = "?";
    int fd = open("/proc/thread-self/comm", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ssize_t n = read(fd, name, sizeof name - 1);
      close(fd);
      name[n > 0 ? n : 0] = '\0';
      name[strcspn(name, "\n")] = '\0';
    }
    fprintf(stderr, "slowdisk: %s by thread '%s' (tid %ld)\n", call, name, (long)syscall(SYS_gettid));
  }
  struct timespec pause = {millis / 1000, (millis % 1000) * 1000000L};
  nanosleep(&pause, NULL);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  slow("fsync");
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  slow("fdatasync");
  return real(fd);
}

int msync(void *addr, size_t length, int flags) {
  static int (*real)(void *, size_t, int);
  if (!real) real = (int (*)(void *, size_t, int))dlsym(RTLD_NEXT, "msync");
  if (flags & MS_SYNC) slow("msync");
  return real(addr, length, flags);
}
