# Settings every pgimport target links PRIVATE: language level, warnings, sanitizers.
add_library(pgimport_options INTERFACE)
target_compile_features(pgimport_options INTERFACE cxx_std_20)
target_compile_options(pgimport_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual
  # Designated initializers leave defaulted members out on purpose.
  -Wno-missing-field-initializers)
target_compile_definitions(pgimport_options INTERFACE
  $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>
  PGIMPORT_VERSION="${PROJECT_VERSION}"
  PGIMPORT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

option(PGIMPORT_WERROR "Treat warnings as errors" OFF)
if(PGIMPORT_WERROR)
  target_compile_options(pgimport_options INTERFACE -Werror)
endif()

set(PGIMPORT_SANITIZERS "" CACHE STRING "Comma-separated -fsanitize= list (address,undefined / thread)")
if(PGIMPORT_SANITIZERS)
  target_compile_options(pgimport_options INTERFACE
    -fsanitize=${PGIMPORT_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(pgimport_options INTERFACE -fsanitize=${PGIMPORT_SANITIZERS})
endif()

# pgimport_add_unit_tests(<library> <test sources...>): GoogleTest beside the code.
function(pgimport_add_unit_tests library)
  set(test_target ${library}_tests)
  add_executable(${test_target} ${ARGN})
  target_link_libraries(${test_target} PRIVATE ${library} pgimport_options GTest::gtest_main)
  # NO_PRETTY_VALUES: parameterised tests keep their readable names, not a dump of the value.
  gtest_discover_tests(${test_target} NO_PRETTY_VALUES PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
endfunction()
