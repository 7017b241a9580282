#include "branch/branch_status.hpp"
