// What the build knows about itself: the git commit it was built from.
#ifndef NOS_BUILD_INFO_H
#define NOS_BUILD_INFO_H

/// The git commit of the sources this binary was built from ("abc123def456", with
/// "-dirty" when files had changed), or "unknown" when the build did not record it.
const char *nos_build_commit(void);

#endif
